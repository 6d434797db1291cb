package dev.graphileworker.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.spring.internal.Jackson3PayloadMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed payloads written and read with the application's JSON mapper: Jackson 3's {@code JsonMapper}
 * (Spring Boot 4's default) when the application has one, else a Jackson 2 {@code ObjectMapper} bean
 * (with {@code spring-boot-jackson2}), else the library's own mapper. An application's own
 * {@link PayloadMapper} bean wins over all three.
 */
final class PayloadMapperConfigurations {

    private PayloadMapperConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class Jackson3 {
        @Bean
        @ConditionalOnMissingBean(PayloadMapper.class)
        @ConditionalOnBean(JsonMapper.class)
        PayloadMapper graphileWorkerPayloadMapper(JsonMapper applicationMapper) {
            return new Jackson3PayloadMapper(applicationMapper);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Jackson2 {
        @Bean
        @ConditionalOnMissingBean(PayloadMapper.class)
        @ConditionalOnBean(ObjectMapper.class)
        PayloadMapper graphileWorkerPayloadMapper(ObjectMapper applicationMapper) {
            return PayloadMapper.jackson(applicationMapper);
        }
    }
}
